'use client';
import { useEffect, useState } from 'react';
import { connectWallet } from '../../lib/wallet';

export default function ProductGrid() {
  const [items, setItems] = useState([]);
  const [account, setAccount] = useState('');

  useEffect(() => {
    fetch('/api/products')
      .then((r) => r.json())
      .then(setItems);
  }, []);

  return (
    <section>
      <button onClick={async () => setAccount(await connectWallet())}>
        {account ? account.slice(0, 8) : 'Connect wallet'}
      </button>
      <ul className="grid grid-cols-3 gap-4">
        {items.map((p) => (
          <li key={p.id}>{p.name} · {p.price} ETH</li>
        ))}
      </ul>
    </section>
  );
}
