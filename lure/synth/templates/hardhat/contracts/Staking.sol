// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Staking {
    mapping(address => uint256) public balances;

    event Staked(address indexed who, uint256 amount);

    function stake() external payable {
        require(msg.value > 0, "nothing to stake");
        balances[msg.sender] += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "too much");
        balances[msg.sender] -= amount;
        payable(msg.sender).transfer(amount);
    }
}
