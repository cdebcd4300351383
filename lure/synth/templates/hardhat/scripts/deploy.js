const hre = require('hardhat');

async function main() {
  const staking = await hre.ethers.deployContract('Staking');
  await staking.waitForDeployment();
  console.log('Staking deployed to', await staking.getAddress());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
