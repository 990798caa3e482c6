// Runs EPUBCheck on many books in one JVM: its start-up and schema loading cost ~15 s of CPU,
// a further book ~0.1-0.5 s. Launched as a single-file source program (JEP 330: `java File.java`,
// needs only a Java 11+ runtime), with the EPUBCheck jar on the class path. Used by epubcheck.ts.
//
//   EpubcheckRunner <book.epub> <report.json> ...   check each pair, then exit
//   EpubcheckRunner --serve <spool> <reports>       read one name a line from stdin, check
//       <spool>/<name>.epub into <reports>/<name>.json (or <spool>/<name>.error), answer "done <name>",
//       delete the request; exit when stdin closes (the test run ended or died)
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

public class EpubcheckRunner {
  /** Checks one book; the JSON report appears at `report` whole or not at all (written aside, then renamed). */
  static void check(Path epub, Path report) throws IOException {
    Path part = report.resolveSibling(report.getFileName() + "." + ProcessHandle.current().pid() + ".part");
    // EPUBCheck returns non-zero when the book has errors; the report says which.
    int status = new EpubChecker().run(new String[] { epub.toString(), "--json", part.toString(), "--quiet" });
    if (!Files.exists(part)) throw new IOException("EPUBCheck wrote no report for " + epub + " (status " + status + ")");
    Files.move(part, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String describe(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("--serve")) {
      serve(Paths.get(args[1]), Paths.get(args[2]));
      return;
    }
    int failed = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      try {
        check(Paths.get(args[i]), Paths.get(args[i + 1]));
      } catch (Exception | StackOverflowError e) {
        System.err.println(args[i] + ": " + describe(e));
        failed++;
      }
    }
    System.exit(failed == 0 ? 0 : 2);
  }

  static void serve(Path spool, Path reports) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String name; (name = in.readLine()) != null; ) {
      name = name.trim();
      if (name.isEmpty()) continue;
      Path epub = spool.resolve(name + ".epub");
      try {
        check(epub, reports.resolve(name + ".json"));
      } catch (Exception | StackOverflowError e) {
        Path part = spool.resolve(name + ".error.part");
        Files.write(part, describe(e).getBytes(StandardCharsets.UTF_8));
        Files.move(part, spool.resolve(name + ".error"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.deleteIfExists(epub);
      System.out.println("done " + name);
      System.out.flush();
    }
  }
}
