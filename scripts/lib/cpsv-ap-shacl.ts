import { readFileSync } from 'node:fs';
import rdf from '@zazuko/env-node';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

/**
 * The CPSV-AP export checked against SEMIC's official SHACL shapes (CPSV-AP 3.2.0, CC BY 4.0,
 * copied with their NOTICE into tests/fixtures/cpsv-ap-3.2/), for the unit test and for
 * `npm run bench:exports`. Nothing is fetched: the export inlines its context and the
 * document loader refuses every URL. The 3.2.0 shapes declare no severity, so everything
 * they find is a violation; warnings and infos are counted in case a later release adds some.
 */

export const SHAPES = 'tests/fixtures/cpsv-ap-3.2/cpsv-ap-SHACL.ttl';
const SH = 'http://www.w3.org/ns/shacl#';

export type Dataset = ReturnType<typeof rdf.dataset>;

export interface Finding {
  severity: string;
  focus: string;
  path: string;
  message: string;
}

export interface Validation {
  triples: number;
  violations: Finding[];
  warnings: number;
  infos: number;
  /** Time of the SHACL validation alone (not the JSON-LD to RDF conversion). */
  ms: number;
}

/** URLs the JSON-LD processor asked for; the loader refuses them all. */
export const refused: string[] = [];

/** A document loader that refuses the network: the export must be self-contained. */
async function refuseFetch(url: string): Promise<never> {
  refused.push(url);
  throw new Error(`network fetch refused: ${url}`);
}

/** JSON-LD → N-Quads, in safe mode: a key or value that would be dropped silently throws. */
export async function toNQuads(doc: object): Promise<string> {
  return (await jsonld.toRDF(
    doc as jsonld.JsonLdDocument,
    {
      format: 'application/n-quads',
      safe: true,
      documentLoader: refuseFetch,
    } as jsonld.Options.ToRdf,
  )) as string;
}

/** JSON-LD → RDF dataset. */
export async function toDataset(doc: object): Promise<Dataset> {
  return rdf.dataset(new Parser({ format: 'N-Quads' }).parse(await toNQuads(doc)));
}

/** A validator loaded with the official shapes. */
export function shaclValidator(shapes = SHAPES): SHACLValidator {
  return new SHACLValidator(rdf.dataset(new Parser().parse(readFileSync(shapes, 'utf8'))), {
    factory: rdf,
  });
}

/** Validates RDF data against the shapes. */
export async function validateDataset(
  validator: SHACLValidator,
  data: Dataset,
): Promise<Validation> {
  const started = performance.now();
  const report = await validator.validate(data);
  const ms = performance.now() - started;
  const findings = report.results.map((r) => ({
    severity: r.severity?.value.replace(SH, 'sh:') ?? 'sh:Violation',
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join('; '),
  }));
  return {
    triples: data.size,
    violations: findings.filter((f) => f.severity === 'sh:Violation'),
    warnings: findings.filter((f) => f.severity === 'sh:Warning').length,
    infos: findings.filter((f) => f.severity === 'sh:Info').length,
    ms,
  };
}

/** Validates a JSON-LD document against the shapes. */
export async function validateJsonLd(validator: SHACLValidator, doc: object): Promise<Validation> {
  return validateDataset(validator, await toDataset(doc));
}

/** One line per violation: focus node, path, message. */
export const describeFindings = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.focus} ${f.path ? `[${f.path}] ` : ''}${f.message}`);
