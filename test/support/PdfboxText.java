// Text of PDFs as Apache PDFBox 2 extracts it (what Apache Tika gives Solr and Elasticsearch), many
// files in one JVM: its start-up costs more than the extraction. Launched as a single-file source
// program (`java PdfboxText.java`, a Java 11+ runtime) with Debian's pdfbox2, fontbox2 and
// commons-logging jars on the class path. Used by text-engines.ts.
//
//   PdfboxText <in.pdf> <out.txt> ...   each page's text, a form feed after each page
//
// The stripper is set up as org.apache.pdfbox.tools.ExtractText sets it up by default (no sorting by
// position, beads separated, UTF-8); only the page end is a form feed, so that pages can be told apart.
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

public class PdfboxText {
  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      try (PDDocument doc = PDDocument.load(new File(args[i]));
          Writer out = new OutputStreamWriter(new FileOutputStream(args[i + 1]), StandardCharsets.UTF_8)) {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(false);
        stripper.setShouldSeparateByBeads(true);
        stripper.setPageEnd("\f");
        stripper.writeText(doc, out);
      }
    }
  }
}
