import ProductGrid from './components/ProductGrid';

export default async function Home() {
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-3xl font-bold text-brand">Collectibles</h1>
      <ProductGrid />
    </main>
  );
}
