// The request target in origin-form: an absolute-form target keeps its path and query, nothing else is rewritten.
import { describe, expect, it } from 'vitest';
import { originForm } from '../../local/gateway/requestTarget.js';

describe('originForm', () => {
  it('takes the path and query of an http or https absolute-form target', () => {
    expect(originForm('http://127.0.0.1:3000/users/1?limit=2')).toBe('/users/1?limit=2');
    expect(originForm('HTTPS://api.example.com/hello')).toBe('/hello');
  });

  it('reads an absolute-form target without a path as /', () => {
    expect(originForm('http://127.0.0.1:3000')).toBe('/');
    expect(originForm('http://127.0.0.1:3000?limit=2')).toBe('/?limit=2');
  });

  it('leaves dot segments, an origin-form target and other schemes as sent', () => {
    expect(originForm('http://h/users/%2E%2E/hello')).toBe('/users/%2E%2E/hello');
    expect(originForm('/users?next=http://h/x')).toBe('/users?next=http://h/x');
    expect(originForm('ftp://h/hello')).toBe('ftp://h/hello');
    expect(originForm('*')).toBe('*');
  });
});
