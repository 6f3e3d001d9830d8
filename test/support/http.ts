/** Small HTTP helpers for tests that talk to a real server. */
export async function postForm(url: string, body: string | Buffer, contentType = 'application/x-www-form-urlencoded') {
  const response = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': contentType } });
  return { status: response.status, text: await response.text() };
}

export async function getText(url: string) {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}
