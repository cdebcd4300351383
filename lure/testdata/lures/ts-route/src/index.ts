import { authRouter } from './routes/auth';
import express from 'express';
const app = express();
app.use('/auth', authRouter);
app.listen(4000);
