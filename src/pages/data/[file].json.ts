/**
 * Writes the JSON files of src/site/lazy-data.ts into the build
 * (dist/data/<name>.json): quizzes and reference solutions the chapter islands
 * fetch when the learner reaches them.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { contentReport } from '../../site/chapters.ts';
import { dataFiles, type DataFile } from '../../site/lazy-data.ts';

export const getStaticPaths = (() =>
  dataFiles(contentReport().chapters).map((file) => ({
    params: { file: file.name },
    props: { file },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: DataFile }> = ({ props }) =>
  new Response(props.file.body, { headers: { 'content-type': 'application/json' } });
