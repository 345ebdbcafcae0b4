/**
 * Public URLs of the catalogue. Pages, the Worker, the sitemap and the content
 * validator (which checks internal links in Markdown bodies) all build URLs here.
 */

export const routes = {
  home: () => '/',
  catalogue: () => '/thu-tuc/',
  procedure: (slug: string) => `/thu-tuc/${slug}/`,
  field: (slug: string) => `/thu-tuc/linh-vuc/${slug}/`,
  level: (level: string) => `/thu-tuc/cap/${level}/`,
  online: () => '/thu-tuc/truc-tuyen/',
  agencies: () => '/co-quan/',
  agency: (slug: string) => `/co-quan/${slug}/`,
  form: (file: string) => `/bieu-mau/${file}`,
  accessibility: () => '/tuyen-bo-tiep-can/',
  about: () => '/gioi-thieu/',
  editorReview: () => '/bien-tap/cho-xac-nhan/',
  apply: (slug: string) => `/nop-ho-so/${slug}/`,
  chain: (slug: string) => `/lien-thong/${slug}/`,
  applyChain: (slug: string) => `/nop-ho-so/lien-thong/${slug}/`,
  search: () => '/tim-kiem',
  lookup: () => '/tra-cuu',
  stopRequest: () => '/tra-cuu/dung-giai-quyet',
  resultDownload: () => '/tra-cuu/ket-qua',
  stats: () => '/thong-ke',
  /** The statistics of one procedure (the scope `thu-tuc:<code>` of /thong-ke). */
  procedureStats: (code: string) => `/thong-ke?pham-vi=${encodeURIComponent(`thu-tuc:${code}`)}`,
  statsCsv: () => '/thong-ke.csv',
  evaluate: () => '/danh-gia',
  kiosk: (desk: string) => `/danh-gia/quay/${desk}`,
  feedback: () => '/phan-hoi',
  pakn: () => '/phan-anh-kien-nghi',
  paknSend: () => '/phan-anh-kien-nghi/gui',
  paknLookup: () => '/phan-anh-kien-nghi/tra-cuu',
  paknRate: () => '/phan-anh-kien-nghi/danh-gia',
  signIn: () => '/dang-nhap',
  signInReturn: () => '/dang-nhap/ve',
  signOut: () => '/dang-xuat',
  myDossiers: () => '/ho-so-cua-toi',
  myResult: (code: string) => `/ho-so-cua-toi/ket-qua/${encodeURIComponent(code)}`,
} as const;

/** Pages that exist independently of the content (static pages and Worker pages). */
export const FIXED_PATHS = [
  routes.home(),
  routes.catalogue(),
  routes.online(),
  routes.agencies(),
  routes.accessibility(),
  routes.about(),
  routes.search(),
  routes.lookup(),
  routes.stats(),
  routes.pakn(),
];

/** Normalises an internal path for comparison: strips query and hash, adds a trailing slash to page paths. */
export function normalisePath(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? '';
  if (bare === '' || bare.endsWith('/') || /\.[a-z0-9]+$/i.test(bare)) return bare || '/';
  return `${bare}/`;
}
