import { useEffect, useState } from 'react';
import axios from 'axios';

export default function App() {
  const [prices, setPrices] = useState([]);
  useEffect(() => {
    axios.get('/api/prices').then((res) => setPrices(res.data));
  }, []);
  return (
    <table className="m-8">
      <tbody>
        {prices.map((p) => (
          <tr key={p.symbol}>
            <td>{p.symbol}</td>
            <td>{p.usd.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
