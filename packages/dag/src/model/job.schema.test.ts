import { describe, expect, it } from 'vitest';
import { NODE_KINDS, nodeSchema } from './job.schema.js';

describe('NODE_KINDS', () => {
  it('names exactly the node kinds the schema accepts', () => {
    const schemaKinds = nodeSchema.options.map((option) => option.shape.kind.value);
    expect([...NODE_KINDS].sort()).toEqual([...schemaKinds].sort());
  });
});
