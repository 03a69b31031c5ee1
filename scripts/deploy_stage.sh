#!/usr/bin/env bash
# Deploy one stage of zappa_settings.json (what .github/workflows/deploy.yml runs):
# `zappa update STAGE`, or `zappa deploy STAGE` while the stage has no Lambda function yet,
# then the migrations inside Lambda with `zappa manage STAGE migrate`, which runs the code
# just deployed. Zappa zips the virtualenv it runs from, so it runs from .venv-lambda.
# AWS credentials and region come from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${1:?usage: scripts/deploy_stage.sh STAGE}

make -s lambda-venv
venv="$PWD/.venv-lambda"
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

found=0
"$venv/bin/python" scripts/stage_deployed.py "$stage" || found=$?
case $found in
  0) zappa update "$stage" ;;
  3) zappa deploy "$stage" ;;
  *) echo "deploy: could not tell whether stage $stage is deployed" >&2; exit 1 ;;
esac
zappa manage "$stage" migrate
