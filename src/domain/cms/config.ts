import { stringify } from 'yaml';
import { AGENCY_KIND_LABELS, agencyFile } from '../../schemas/agency.ts';
import { fieldsFile } from '../../schemas/field.ts';
import type { FormFieldType } from '../../schemas/online-form.ts';
import {
  CHANGE_LABELS,
  CHANNEL_LABELS,
  LEVEL_LABELS,
  ONLINE_LABELS,
  procedureFrontmatter,
  STATUS_LABELS,
} from '../../schemas/procedure.ts';
import { type Site, siteFile } from '../../schemas/site.ts';
import {
  type CmsField,
  type CmsOption,
  objectFields,
  type RelationTarget,
} from './schema-fields.ts';

/**
 * The configuration of the browser-based editor at /admin (Sveltia CMS, which reads
 * the Decap CMS format), generated at build time from the zod schemas that validate
 * content/ (src/schemas). Served as /admin/config.yml by src/pages/admin/config.yml.ts.
 * Nothing here is written by hand per field: labels and hints are the schemas'
 * `.meta({ title, description })`, required-ness and widgets follow the schema types
 * (src/domain/cms/schema-fields.ts). Only the links between files (which agency, which
 * field, which procedure) and the Vietnamese names of coded values are declared here.
 */

/** Collection names, used in relation fields and in the editor's addresses (#/collections/…). */
export const COLLECTIONS = {
  procedures: 'thu-tuc',
  agencies: 'co-quan',
  settings: 'cau-hinh',
} as const;

/**
 * Repository used in config.yml while content/site.yaml has no `cms:` block. The owner
 * says it is not configured; the name is what the local-folder button shows
 * ("choose the root folder of the repository mot-cua").
 */
export const PLACEHOLDER_REPO = 'CHUA-CAU-HINH/mot-cua';

const FORM_FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  text: 'Văn bản một dòng',
  'person-name': 'Họ và tên',
  textarea: 'Văn bản nhiều dòng',
  date: 'Ngày',
  number: 'Số',
  select: 'Chọn trong danh sách',
  radio: 'Chọn một trong vài lựa chọn',
  checkbox: 'Ô đánh dấu',
  email: 'Email',
  tel: 'Số điện thoại',
  'id-number': 'Số định danh cá nhân',
};

/** Vietnamese names of every coded value the content files use. */
export const OPTION_LABELS: Readonly<Record<string, string>> = {
  ...LEVEL_LABELS,
  ...ONLINE_LABELS,
  ...CHANNEL_LABELS,
  ...STATUS_LABELS,
  ...CHANGE_LABELS,
  ...AGENCY_KIND_LABELS,
  ...FORM_FIELD_TYPE_LABELS,
  'le-phi': 'Lệ phí',
  phi: 'Phí',
  optional: 'Có thể tải lên',
  required: 'Bắt buộc tải lên',
  none: 'Không tải lên',
};

const AGENCY: RelationTarget = {
  collection: COLLECTIONS.agencies,
  value_field: '{{slug}}',
  display_fields: ['name'],
  search_fields: ['name', 'shortName'],
};

const PROCEDURE: RelationTarget = {
  collection: COLLECTIONS.procedures,
  value_field: 'code',
  display_fields: ['{{code}} {{title}}'],
  search_fields: ['code', 'title'],
};

/** Fields that refer to other content, per file kind (paths as in schema-fields.ts). */
export const RELATIONS = {
  procedure: { agencies: AGENCY, replacedBy: PROCEDURE, related: PROCEDURE },
  agency: { parent: AGENCY, desk: AGENCY },
  site: { desk: AGENCY, popular: PROCEDURE },
} as const satisfies Record<string, Record<string, RelationTarget>>;

/** The Markdown guidance below a procedure's frontmatter (not part of the zod schema). */
export const BODY_FIELD: CmsField = {
  name: 'body',
  label: 'Nội dung hướng dẫn',
  widget: 'markdown',
  required: false,
  hint: 'Lời khuyên cho người dân, viết bằng Markdown; hiện dưới phần thông tin của trang thủ tục.',
};

/** A field of content/fields.yaml, as the CMS offers it. */
export interface FieldChoice {
  slug: string;
  name: string;
}

/**
 * The `field` of a procedure is picked from the fields of content/fields.yaml as they are at
 * build time. (A relation to the list in that file would be live, but Sveltia CMS cannot
 * follow a list that is itself named `fields`: its `fields.` prefix swallows the name.)
 */
export const fieldChoices = (fields: readonly FieldChoice[]): CmsOption[] =>
  fields.map((f) => ({ label: `${f.name} (${f.slug})`, value: f.slug }));

/** The fields of a procedure file: every frontmatter key, then the Markdown body. */
export function procedureFields(fields: readonly FieldChoice[]): CmsField[] {
  return [
    ...objectFields(procedureFrontmatter, {
      relations: RELATIONS.procedure,
      optionLabels: OPTION_LABELS,
      choices: { field: fieldChoices(fields) },
    }),
    BODY_FIELD,
  ];
}

/** The fields of an agency file (content/agencies/<slug>.yaml). */
export function agencyFields(): CmsField[] {
  return objectFields(agencyFile, { relations: RELATIONS.agency, optionLabels: OPTION_LABELS });
}

/** The fields of content/site.yaml. */
export function siteFields(): CmsField[] {
  return objectFields(siteFile, { relations: RELATIONS.site, optionLabels: OPTION_LABELS });
}

/** The fields of content/fields.yaml. */
export function fieldsFileFields(): CmsField[] {
  return objectFields(fieldsFile, { optionLabels: OPTION_LABELS });
}

/** Whether content/site.yaml names the repository the editor works on. */
export const isCmsConfigured = (site: Pick<Site, 'cms'>): boolean => Boolean(site.cms?.repo);

/** The GitHub backend: the configured repository, or a placeholder that says what to do. */
function backend(site: Pick<Site, 'cms'>): Record<string, unknown> {
  const cms = site.cms;
  if (!cms) {
    return { name: 'github', repo: PLACEHOLDER_REPO, branch: 'main', auth_methods: ['token'] };
  }
  return {
    name: 'github',
    repo: cms.repo,
    branch: cms.branch,
    // Without an OAuth service, the "Sign in with GitHub" button would go to Netlify.
    ...(cms.authUrl ? { base_url: cms.authUrl } : { auth_methods: ['token'] }),
  };
}

/** What the configuration is built from: the site settings and the list of fields. */
export type CmsSite = Pick<Site, 'cms' | 'name' | 'url'>;

/** The whole editor configuration as an object (what config.yml holds). */
export function cmsConfig(site: CmsSite, fields: readonly FieldChoice[]): Record<string, unknown> {
  return {
    backend: backend(site),
    publish_mode: 'simple',
    app_title: `Biên tập — ${site.name}`,
    site_url: site.url,
    // Downloadable form files: uploaded through the editor into content/forms/, served at /bieu-mau/.
    media_folder: 'content/forms',
    public_folder: '/bieu-mau',
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    output: { omit_empty_optional_fields: true },
    editor: { preview: false },
    collections: [
      {
        name: COLLECTIONS.procedures,
        label: 'Thủ tục hành chính',
        label_singular: 'thủ tục',
        description:
          'Mỗi thủ tục là một tệp content/procedures/<tên>.md. Hướng dẫn: docs/huong-dan-bien-tap.md. Lĩnh vực mới thêm vào Cấu hình › Lĩnh vực có trong danh sách chọn sau lần xuất bản tiếp theo.',
        folder: 'content/procedures',
        extension: 'md',
        format: 'yaml-frontmatter',
        create: true,
        delete: false,
        identifier_field: 'title',
        slug: '{{title}}',
        summary: '{{code}} · {{title}}',
        sortable_fields: ['title', 'code', 'lastReviewed'],
        fields: procedureFields(fields),
      },
      {
        name: COLLECTIONS.agencies,
        label: 'Cơ quan',
        label_singular: 'cơ quan',
        description: 'Mỗi cơ quan là một tệp content/agencies/<tên>.yaml.',
        folder: 'content/agencies',
        extension: 'yaml',
        format: 'yaml',
        create: true,
        delete: false,
        identifier_field: 'name',
        slug: '{{name}}',
        fields: agencyFields(),
      },
      {
        name: COLLECTIONS.settings,
        label: 'Cấu hình',
        files: [
          {
            name: 'linh-vuc',
            label: 'Lĩnh vực',
            file: 'content/fields.yaml',
            format: 'yaml',
            fields: fieldsFileFields(),
          },
          {
            name: 'dia-phuong',
            label: 'Cấu hình địa phương',
            file: 'content/site.yaml',
            format: 'yaml',
            fields: siteFields(),
          },
        ],
      },
    ],
  };
}

/** config.yml: the configuration with a header saying where it comes from and what is missing. */
export function cmsConfigYaml(site: CmsSite, fields: readonly FieldChoice[]): string {
  const header = [
    '# Cấu hình trình biên tập /admin (Sveltia CMS), tạo khi build từ src/schemas bởi',
    '# src/domain/cms/config.ts. Đừng sửa tệp này; sửa schema hoặc khối cms: trong content/site.yaml.',
  ];
  if (!isCmsConfigured(site)) {
    header.push(
      `# CHƯA CẤU HÌNH: "${PLACEHOLDER_REPO}" chỉ là chỗ giữ chỗ. Thêm khối cms: (repo, branch)`,
      '# vào content/site.yaml; xem docs/huong-dan-bien-tap.md, mục "Biên tập trên web".',
    );
  }
  return `${header.join('\n')}\n${stringify(cmsConfig(site, fields), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
