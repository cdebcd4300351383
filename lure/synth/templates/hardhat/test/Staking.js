const { expect } = require('chai');
const { ethers } = require('hardhat');

describe('Staking', function () {
  it('records a stake', async function () {
    const [owner] = await ethers.getSigners();
    const staking = await ethers.deployContract('Staking');
    await staking.stake({ value: 100 });
    expect(await staking.balances(owner.address)).to.equal(100);
  });
});
