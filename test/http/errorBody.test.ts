// Error bodies are untrusted JSON: the schema reads every known field, and a field of another type
// is ignored instead of cast (issue 15: zod instead of casts for error bodies).
import { describe, expect, it } from 'vitest';
import { serverDetail } from '../../source/airflow/remapAirflowError.js';
import { parseErrorBody } from '../../source/http/errorBody.js';
import { serverMessage } from '../../source/http/mapHttpError.js';

describe('error bodies', () => {
  it('reads Databricks, problem+json, FastAPI and OAuth shapes', () => {
    expect(serverMessage('{"error_code":"INVALID_STATE","message":"Run is over"}')).toBe(
      'INVALID_STATE: Run is over',
    );
    expect(serverMessage('{"title":"Not Found","detail":"DAG x not found"}')).toBe('DAG x not found');
    expect(serverMessage('{"detail":[{"loc":["body","conf"],"msg":"not a dict"}]}')).toBe(
      'body.conf: not a dict',
    );
    expect(serverMessage('{"error":"invalid_client","error_description":"bad secret"}')).toBe('bad secret');
    expect(serverMessage('{"error":{"message":"quota exceeded"}}')).toBe('quota exceeded');
  });

  it('ignores fields of the wrong type instead of casting them', () => {
    expect(serverMessage('{"error_code":7,"message":["a"],"title":"Conflict"}')).toBe('Conflict');
    expect(serverMessage('{"detail":[{"loc":"body","msg":3},[1],"plain"]}')).toBe(
      '{"loc":"body","msg":3}; [1]; plain',
    );
    expect(serverMessage('[{"message":"an array is not an error body"}]')).toBeUndefined();
    expect(serverMessage('not json')).toBeUndefined();
    expect(parseErrorBody('null')).toBeUndefined();
  });

  it("Airflow's detail: the first line, validation issues without 'body', anything else as JSON", () => {
    expect(serverDetail('{"detail":"Invalid input for param n\\n\\nschema..."}')).toBe(
      'Invalid input for param n',
    );
    expect(serverDetail('{"detail":[{"loc":["body","dag_run_id"],"msg":"required"}]}')).toBe(
      'dag_run_id: required',
    );
    expect(serverDetail('{"detail":{"reason":"locked"}}')).toBe('{"reason":"locked"}');
    expect(serverDetail('{"detail":null,"title":"Forbidden"}')).toBe('Forbidden');
    expect(serverDetail('{"detail":"cut sho')).toBe('cut sho');
  });
});
