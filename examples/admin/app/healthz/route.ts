export const GET = () => new Response('ok', { headers: { 'content-type': 'text/plain' } });
