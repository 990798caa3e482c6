# The table of contents calibre finds in each EPUB given (calibre-debug calibre-toc.py BOOK...): a JSON
# line per book with the navigation document and NCX it recognised and each entry's title, target
# and depth, as its viewer and converters take them.
import json
import sys

from calibre.ebooks.oeb.polish.container import get_container
from calibre.ebooks.oeb.polish.toc import find_existing_ncx_toc, find_existing_nav_toc, get_toc

for book in sys.argv[1:]:
    container = get_container(book, tweak_mode=True)
    entries = []

    def walk(node, depth):
        for child in node:
            entries.append({'title': child.title, 'dest': child.dest, 'depth': depth})
            walk(child, depth + 1)

    walk(get_toc(container), 0)
    print(json.dumps({'book': book, 'nav': find_existing_nav_toc(container), 'ncx': find_existing_ncx_toc(container), 'entries': entries}, ensure_ascii=False))
