#!/usr/bin/env node
/*
 * The CDK app entry: loads the registry and the service files once and synthesizes
 * the hub stack and one spoke stack per spoke file. Run through `cdk synth` (see
 * cdk.json) or `node scripts/synth.js`; it never looks anything up, so no credentials
 * are needed.
 */
import * as path from 'path';
import {
  loadRegistry,
  loadServices,
} from '@internal/plugin-platform-common/node';
import { buildApp } from '../lib/app';

const configDir = path.resolve(__dirname, '../config');
const registry = loadRegistry(configDir);
const services = loadServices(registry, configDir);
buildApp({ ...registry, services }).app.synth();
