import { BrowserProvider } from 'ethers';

// Asks MetaMask (or any injected provider) for the user's account.
export async function connectWallet() {
  if (typeof window === 'undefined' || !window.ethereum) {
    throw new Error('no wallet found');
  }
  const provider = new BrowserProvider(window.ethereum);
  const accounts = await provider.send('eth_requestAccounts', []);
  return accounts[0];
}
