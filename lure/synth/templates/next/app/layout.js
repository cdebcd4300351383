import './globals.css';

export const metadata = { title: 'NFT Market', description: 'Browse and mint collectibles' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body className="bg-slate-50">{children}</body>
    </html>
  );
}
