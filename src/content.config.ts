import { defineCollection } from 'astro:content';
import { procedureBodies } from './catalogue/astro-loader.ts';

export const collections = {
  procedureBodies: defineCollection({ loader: procedureBodies() }),
};
