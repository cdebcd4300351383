export const WALLETS = [
  { name: 'MetaMask', url: 'https://chrome.google.com/webstore/detail/metamask/nkbihfbeogaeaoehlefnkodbefgpgknn' },
  { name: 'Phantom', url: 'https://chromewebstore.google.com/detail/phantom/bfnaelmomeimhlpmgjnjophhpkkoljpa' },
  { name: 'Coinbase', url: 'https://chrome.google.com/webstore/detail/coinbase-wallet-extension/hnfanknocfeofbddgcijnmhnfnkdnaad' },
];
export async function connect() {
  if (!window.ethereum) return null;
  return window.ethereum.request({ method: 'eth_requestAccounts' });
}
