const Task = require('../models/task');

exports.list = async (req, res, next) => {
  try {
    const tasks = await Task.find().sort({ createdAt: -1 }).limit(100);
    res.json(tasks);
  } catch (err) {
    next(err);
  }
};

exports.create = async (req, res, next) => {
  try {
    const { title, assignee } = req.body;
    if (!title) return res.status(400).json({ error: 'title is required' });
    const task = await Task.create({ title, assignee });
    res.status(201).json(task);
  } catch (err) {
    next(err);
  }
};

exports.update = async (req, res, next) => {
  try {
    const task = await Task.findByIdAndUpdate(req.params.id, req.body, { new: true });
    if (!task) return res.status(404).json({ error: 'not found' });
    res.json(task);
  } catch (err) {
    next(err);
  }
};

exports.remove = async (req, res, next) => {
  try {
    await Task.findByIdAndDelete(req.params.id);
    res.status(204).end();
  } catch (err) {
    next(err);
  }
};
