import { describe, expect, it } from 'vitest';
import { BAD_ACTION_ARGUMENTS, BAD_MULTIPART, BODY_LIMIT_BYTES, BODY_TOO_LARGE, checkActionArguments } from '@/lib/domain/request-body';
import { refuseBadBody } from '@/lib/http/refuse-bad-body';

const url = 'http://berth.test/tenants/new';
const action = { 'next-action': '7f00c0ffee' };

/** A body without Content-Length, as a client streams it (chunked). */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(c) {
      if (left <= 0) return c.close();
      const n = Math.min(left, 64 * 1024);
      left -= n;
      c.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string>) => new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('checkActionArguments', () => {
  it('accepts what React encodes: a JSON array', () => {
    expect(checkActionArguments('[]')).toBeNull();
    expect(checkActionArguments('[{"name":"team-a"},"$undefined"]')).toBeNull();
  });

  it.each([['[{"form":'], ['{"form":1}'], ['"text"'], [''], ['null']])('refuses %j', (body) => {
    expect(checkActionArguments(body)).toBe(BAD_ACTION_ARGUMENTS);
  });

  it('refuses a file where the arguments should be', () => {
    expect(checkActionArguments(new Blob(['[]']))).toBe(BAD_ACTION_ARGUMENTS);
    expect(checkActionArguments(null)).toBe(BAD_ACTION_ARGUMENTS);
  });
});

describe('refuseBadBody', () => {
  it('answers 400 for an action body that is not JSON', async () => {
    expect(await refuseBadBody(post('[{"form":', { ...action, 'content-type': 'text/plain;charset=UTF-8' }))).toEqual({ status: 400, error: BAD_ACTION_ARGUMENTS.error });
  });

  it('lets a well-formed action body through', async () => {
    expect(await refuseBadBody(post('[{"uid":"x","decision":"allow"}]', { ...action, 'content-type': 'text/plain;charset=UTF-8' }))).toBeNull();
  });

  it('answers 413 from Content-Length alone, and for a streamed body once it passes the limit', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    expect(await refuseBadBody(post(big, { ...action, 'content-type': 'text/plain' }))).toBe(BODY_TOO_LARGE);
    expect(await refuseBadBody(post(streamed(BODY_LIMIT_BYTES + 1), { 'content-type': 'application/json' }))).toBe(BODY_TOO_LARGE);
    expect(await refuseBadBody(post(streamed(BODY_LIMIT_BYTES), { 'content-type': 'application/json' }))).toBeNull();
  });

  it('applies the limit to every POST, not only actions', async () => {
    expect(await refuseBadBody(post('x'.repeat(BODY_LIMIT_BYTES + 1), { 'content-type': 'application/json' }))).toBe(BODY_TOO_LARGE);
    expect(await refuseBadBody(post('{"not":"an action"', { 'content-type': 'application/json' }))).toBeNull();
  });

  it('accepts a multipart action whose field "0" holds the arguments, files included', async () => {
    const form = new FormData();
    form.set('0', '["$K1"]');
    form.set('1_name', 'team-a');
    form.set('1_file', new File(['apiVersion: v1'], 'kubeconfig.yaml'));
    expect(await refuseBadBody(new Request(url, { method: 'POST', body: form, headers: action }))).toBeNull();
  });

  it('refuses a multipart action without its arguments, and multipart that does not parse', async () => {
    const form = new FormData();
    form.set('name', 'team-a');
    expect(await refuseBadBody(new Request(url, { method: 'POST', body: form, headers: action }))).toBe(BAD_ACTION_ARGUMENTS);
    const broken = post('--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]', { 'content-type': 'multipart/form-data; boundary=b' });
    expect(await refuseBadBody(broken)).toBe(BAD_MULTIPART);
  });

  it('leaves GET and ordinary form posts alone', async () => {
    expect(await refuseBadBody(new Request(url))).toBeNull();
    expect(await refuseBadBody(post('username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }))).toBeNull();
  });
});
