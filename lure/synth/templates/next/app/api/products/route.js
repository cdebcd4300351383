import { NextResponse } from 'next/server';

const products = [
  { id: 1, name: 'Genesis Ape', price: 0.4 },
  { id: 2, name: 'Pixel Punk', price: 0.15 },
  { id: 3, name: 'Lunar Cat', price: 0.08 },
];

export async function GET() {
  return NextResponse.json(products);
}
