import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCrds, validateCustomResource } from './crds';
import { StatusError } from './status';

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.test.example }
spec:
  group: test.example
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
  versions:
    - name: v1
      served: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                min: { type: integer, minimum: 1 }
                above: { type: integer, minimum: 0, exclusiveMinimum: true }
                max: { type: integer, maximum: 5 }
                below: { type: integer, maximum: 5, exclusiveMaximum: true }
                label: { type: string, pattern: '^[a-z]+$', minLength: 2 }
`;

describe('validateCustomResource', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    fs.writeFileSync(path.join(dir, 'widget.yaml'), CRD);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  const causesFor = (spec: object) => {
    const [widget] = loadCrds(dir);
    try {
      validateCustomResource(widget, {
        apiVersion: 'test.example/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec,
      });
    } catch (error) {
      expect(error).toBeInstanceOf(StatusError);
      return (error as StatusError).details?.causes;
    }
    return [];
  };

  it('accepts a valid object', () => {
    expect(
      causesFor({ min: 1, above: 1, max: 5, below: 4, label: 'ab' }),
    ).toEqual([]);
  });

  it.each([
    [
      { min: 0 },
      'spec.min',
      'Invalid value: 0: spec.min in body should be greater than or equal to 1',
    ],
    [
      { above: 0 },
      'spec.above',
      'Invalid value: 0: spec.above in body should be greater than 0',
    ],
    [
      { max: 6 },
      'spec.max',
      'Invalid value: 6: spec.max in body should be less than or equal to 5',
    ],
    [
      { below: 5 },
      'spec.below',
      'Invalid value: 5: spec.below in body should be less than 5',
    ],
    [
      { label: 'A1' },
      'spec.label',
      `Invalid value: "A1": spec.label in body should match '^[a-z]+$'`,
    ],
    [
      { label: 'a' },
      'spec.label',
      'Invalid value: "a": spec.label in body should be at least 2 chars long',
    ],
  ])('refuses %j as the API server words it', (spec, field, message) => {
    expect(causesFor(spec)).toEqual([
      { reason: 'FieldValueInvalid', field, message },
    ]);
  });
});
