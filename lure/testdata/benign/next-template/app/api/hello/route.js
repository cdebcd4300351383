export async function GET() {
  const r = await fetch('https://api.example.com/data');
  return Response.json(await r.json());
}
