const hre = require('hardhat');
async function main() {
  const token = await hre.ethers.deployContract('Token');
  await token.waitForDeployment();
  console.log('deployed', await token.getAddress());
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
