/** Interface labels per language; the templates print only these and the data. */
export interface Labels {
  toc: string;
  keyFacts: string;
  date: string;
  place: string;
  organizer: string;
  edition: string;
  attendance: string;
  alongside: string;
  summary: string;
  participants: string;
  name: string;
  role: string;
  country: string;
  statements: string;
  quote: string;
  paraphrase: string;
  themesOf: string;
  themes: string;
  matrix: string;
  matrixCaption: string;
  theme: string;
  /** Matrix columns: who addressed a theme, who did not; `nobody` when a list is empty. */
  spoke: string;
  silent: string;
  nobody: string;
  source: string;
  sources: string;
  /** Before a statement's source: "منبع". */
  sourceOf: string;
  issued: string;
  authors: string;
  assessment: string;
  /** Under the assessment's heading: says whose judgement it is. */
  assessmentNote: string;
  figures: string;
  marking: string;
  page: string;
  /** `{n}` is replaced by the formatted number. */
  over: string;
  about: string;
  exact: string;
  editionOrdinal: (n: number) => string;
  attendanceText: (delegates: string | undefined, countries: string | undefined) => string;
  sourceCredit: (name: string, via: string | undefined) => string;
  /** `n` is already formatted. */
  figureLabel: (n: string) => string;
  revisionText: (n: string) => string;
  listSeparator: string;
}

/**
 * The labels a view carries for templates and writers: the words only. The view is data, handed to
 * the writer threads as it is (structured cloning takes no functions); the phrases are made by toView.
 */
export type TextLabels = { [K in keyof Labels as Labels[K] extends string ? K : never]: string };

export function textLabels(labels: Labels): TextLabels {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as TextLabels;
}

const fa: Labels = {
  toc: 'فهرست',
  keyFacts: 'اطلاعات کلیدی',
  date: 'تاریخ',
  place: 'مکان',
  organizer: 'برگزارکننده',
  edition: 'دوره',
  attendance: 'شرکت‌کنندگان',
  alongside: 'هم‌زمان با',
  summary: 'خلاصه',
  participants: 'سخنرانان',
  name: 'نام',
  role: 'سمت',
  country: 'کشور',
  statements: 'اظهارات',
  quote: 'نقل قول مستقیم',
  paraphrase: 'نقل به مضمون',
  themesOf: 'محورها',
  themes: 'محورها',
  matrix: 'محورها و سخنرانان',
  matrixCaption: 'کدام سخنران به کدام محور پرداخته است',
  theme: 'محور',
  spoke: 'پرداختند',
  silent: 'نپرداختند',
  nobody: 'هیچ‌کس',
  source: 'منبع',
  sources: 'منابع',
  sourceOf: 'منبع',
  issued: 'تاریخ گزارش',
  authors: 'نویسندگان',
  assessment: 'ارزیابی',
  assessmentNote: 'این بخش برداشت نویسندهٔ گزارش است، نه گفتهٔ منابع.',
  figures: 'تصاویر',
  marking: 'طبقه‌بندی',
  page: 'صفحه',
  over: 'بیش از {n}',
  about: 'حدود {n}',
  exact: '{n}',
  editionOrdinal: (n) => faOrdinal(n),
  attendanceText: (d, c) => [d && `${d} نماینده`, c && `از ${c} کشور`].filter(Boolean).join(' '),
  sourceCredit: (name, via) => (via ? `به گزارش ${name} به نقل از ${via}` : `به گزارش ${name}`),
  figureLabel: (n) => `شکل ${n}`,
  revisionText: (n) => `ویرایش ${n}`,
  listSeparator: '، ',
};

const en: Labels = {
  toc: 'Contents',
  keyFacts: 'Key facts',
  date: 'Date',
  place: 'Place',
  organizer: 'Organiser',
  edition: 'Edition',
  attendance: 'Attendance',
  alongside: 'Alongside',
  summary: 'Summary',
  participants: 'Speakers',
  name: 'Name',
  role: 'Role',
  country: 'Country',
  statements: 'Statements',
  quote: 'Direct quote',
  paraphrase: 'Paraphrase',
  themesOf: 'Themes',
  themes: 'Themes',
  matrix: 'Themes and speakers',
  matrixCaption: 'Which speaker addressed which theme',
  theme: 'Theme',
  spoke: 'Addressed it',
  silent: 'Did not',
  nobody: 'Nobody',
  source: 'Source',
  sources: 'Sources',
  sourceOf: 'Source',
  issued: 'Issued',
  authors: 'Authors',
  assessment: 'Assessment',
  assessmentNote: "The author's judgement, not the sources' words.",
  figures: 'Figures',
  marking: 'Marking',
  page: 'Page',
  over: 'over {n}',
  about: 'about {n}',
  exact: '{n}',
  editionOrdinal: (n) => `${n}${['th', 'st', 'nd', 'rd'][n % 100 > 10 && n % 100 < 14 ? 0 : n % 10 < 4 ? n % 10 : 0]}`,
  attendanceText: (d, c) => [d && `${d} delegates`, c && `from ${c} countries`].filter(Boolean).join(' '),
  sourceCredit: (name, via) => (via ? `Reported by ${name}, citing ${via}` : `Reported by ${name}`),
  figureLabel: (n) => `Figure ${n}`,
  revisionText: (n) => `Revision ${n}`,
  listSeparator: ', ',
};

const FA_ORDINALS = ['', 'اول', 'دوم', 'سوم', 'چهارم', 'پنجم', 'ششم', 'هفتم', 'هشتم', 'نهم', 'دهم', 'یازدهم', 'دوازدهم', 'سیزدهم', 'چهاردهم', 'پانزدهم', 'شانزدهم', 'هفدهم', 'هجدهم', 'نوزدهم', 'بیستم'];

/** Persian ordinal word for small numbers ("یازدهم"); larger ones fall back to digits + "ام". */
function faOrdinal(n: number): string {
  return FA_ORDINALS[n] ?? `${new Intl.NumberFormat('fa-IR', { useGrouping: false }).format(n)}ام`;
}

export function labelsFor(lang: string): Labels {
  return lang.split('-')[0]!.toLowerCase() === 'fa' ? fa : en;
}
