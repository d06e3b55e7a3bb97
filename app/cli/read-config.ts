// Commands read .env first, so a checkout configured once needs no exports.
import dotenv from 'dotenv';
import { loadConfig, type Config } from '../config.js';

export function readConfig(): Config {
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}
