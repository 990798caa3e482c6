// Preloaded (node --import) to run pdfmake's specs and examples with briefing/pdfmake-rtl installed
// on the pdfmake instance they use, as a user installs it. Their documents hold no right-to-left
// text and are not passed through prepareBidi: what is checked is that the hooks leave stock
// documents exactly as pdfmake lays them out.
import pdfmake from 'pdfmake';
import { installRtl } from '../../../dist/pdfmake-rtl.js';

installRtl(pdfmake);
