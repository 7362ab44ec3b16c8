import { z } from 'zod';

/** Every list answers in this one pagination shape: page/page_size in, totals out. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    pages: z.number().int(),
  });
