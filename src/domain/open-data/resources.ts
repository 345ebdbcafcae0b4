import { routes } from '../routes.ts';
import { FEED_SIZE } from './atom.ts';
import { PART_SIZE } from './parts.ts';
import { openDataPaths } from './paths.ts';

/** One machine-readable resource listed on /du-lieu-mo/. */
export interface OpenDataResource {
  title: string;
  path: string;
  /** The format in words, e.g. "CSV (UTF-8, RFC 4180)". */
  format: string;
  description: string;
  /** How often it changes, in words. */
  updated: string;
}

export const ON_PUBLISH = 'Cập nhật mỗi lần xuất bản';

/** The catalogue files this site builds (licence applies). */
export function catalogueResources(procedureCount: number, partCount: number): OpenDataResource[] {
  const parts = `${procedureCount} thủ tục chia theo lĩnh vực thành ${partCount} phần (mỗi phần tối đa ${PART_SIZE} thủ tục, lĩnh vực lớn hơn chia thành nhiều trang), để tệp nào cũng nhỏ, tải nhanh và mở được`;
  return [
    {
      title: 'Danh mục thủ tục hành chính (CSV)',
      path: openDataPaths.csv,
      format: 'CSV: UTF-8 có BOM, phân tách bằng dấu phẩy, xuống dòng CRLF (RFC 4180)',
      description: `${parts}. Tệp này là mục lục: mỗi dòng một phần, kèm địa chỉ tệp CSV, JSON và CPSV-AP của phần đó. Tệp CSV của mỗi phần ghi mỗi dòng một thủ tục, các cột như bảng bên dưới; mở được bằng Excel hoặc LibreOffice, cột danh sách ghi mỗi mục một dòng trong cùng ô.`,
      updated: ON_PUBLISH,
    },
    {
      title: 'Danh mục thủ tục hành chính (JSON)',
      path: openDataPaths.json,
      format: 'JSON (UTF-8)',
      description:
        'Mục lục dạng JSON: mảng parts, mỗi phần tử một phần với lĩnh vực, số thủ tục và địa chỉ tệp; kèm thời điểm tạo tệp (generated), giấy phép (licence), nguồn (source) và mô tả cột (columns). Tệp JSON của mỗi phần có mảng procedures, mỗi phần tử một thủ tục với các trường như bảng bên dưới (cột danh sách là mảng, ô trống là null).',
      updated: ON_PUBLISH,
    },
    {
      title: 'Nguồn tin thay đổi thủ tục (Atom)',
      path: openDataPaths.feed,
      format: 'Atom 1.0 (RFC 4287)',
      description: `Mỗi lần thủ tục được bổ sung, sửa đổi hoặc bãi bỏ là một mục, kèm ngày và liên kết tới trang thủ tục; mục mới nhất đứng đầu, tối đa ${FEED_SIZE} mục. Các thay đổi cũ hơn nằm trong tệp lưu trữ của từng năm (/du-lieu/thay-doi/<năm>.atom, theo RFC 5005), liên kết từ nguồn tin. Dùng được với mọi trình đọc tin RSS/Atom.`,
      updated: ON_PUBLISH,
    },
  ];
}

/** Other machine-readable resources of the portal. */
export function otherResources(): OpenDataResource[] {
  return [
    {
      title: 'Danh mục dịch vụ công theo CPSV-AP 3.2',
      path: openDataPaths.cpsv,
      format: 'JSON-LD (Core Public Service Vocabulary Application Profile 3.2)',
      description:
        'Thủ tục, cơ quan, kênh tiếp nhận và chi phí theo bộ từ vựng dịch vụ công của châu Âu, để liên thông với các danh mục khác. Tệp này là mục lục DCAT: tập dữ liệu với một dcat:Distribution cho mỗi phần theo lĩnh vực; mỗi phần là một tài liệu CPSV-AP đầy đủ, tự kiểm tra hợp lệ được.',
      updated: ON_PUBLISH,
    },
    {
      title: 'Tài liệu API (OpenAPI)',
      path: openDataPaths.openApi,
      format: 'OpenAPI (JSON)',
      description:
        'Mô tả máy đọc được của giao diện lập trình (API): tra cứu thủ tục, lịch ngày làm việc, nộp và tra cứu hồ sơ, thống kê.',
      updated: ON_PUBLISH,
    },
    {
      title: 'Hướng dẫn sử dụng API',
      path: openDataPaths.apiReference,
      format: 'Trang web',
      description: 'Tài liệu tra cứu cho người lập trình, sinh từ tài liệu OpenAPI.',
      updated: ON_PUBLISH,
    },
    {
      title: 'Open311 GeoReport v2',
      path: openDataPaths.open311,
      format: 'JSON (Open311 GeoReport v2, tệp discovery)',
      description: 'Điểm khai báo dịch vụ Open311 để các ứng dụng phản ánh, kiến nghị kết nối.',
      updated: ON_PUBLISH,
    },
    {
      title: 'Thống kê giải quyết hồ sơ',
      path: routes.stats(),
      format: 'Trang web',
      description:
        'Số hồ sơ tiếp nhận, giải quyết đúng hạn, trễ hạn và mức độ hài lòng theo kỳ và theo cơ quan.',
      updated: 'Tính từ hồ sơ tại thời điểm xem',
    },
    {
      title: 'Thống kê giải quyết hồ sơ (CSV)',
      path: routes.statsCsv(),
      format: 'CSV (UTF-8 có BOM)',
      description: 'Cùng số liệu với trang thống kê, để mở bằng bảng tính.',
      updated: 'Tính từ hồ sơ tại thời điểm tải',
    },
    {
      title: 'Sơ đồ trang (sitemap)',
      path: openDataPaths.sitemap,
      format: 'XML (Sitemaps 0.9)',
      description: 'Danh sách mọi trang công khai, kèm ngày rà soát của trang thủ tục.',
      updated: ON_PUBLISH,
    },
  ];
}
