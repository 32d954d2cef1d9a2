#!/bin/sh
# Starts Concord in the container. DJL stays offline whatever JAVA_OPTS says: the image
# carries its own libtorch (CPU jar, or the CUDA folder in PYTORCH_LIBRARY_PATH).
set -eu

case " ${JAVA_OPTS:-} " in
  *" -Dai.djl.offline="*) ;;
  *) JAVA_OPTS="${JAVA_OPTS:-} -Dai.djl.offline=true" ;;
esac

data_dir="${CONCORD_DATA_DIR:-/data}"
if ! mkdir -p "$data_dir" 2>/dev/null || [ ! -w "$data_dir" ]; then
  echo "concord: the data folder $data_dir is not writable by user $(id -u); expected a volume owned by uid $(id -u) (docker volumes are; chown a bind-mounted folder)" >&2
  exit 1
fi

model_dir="${CONCORD_MODEL_DIR:-}"
if [ "${CONCORD_MODEL_ENABLED:-true}" = "false" ]; then
  echo "concord: language model disabled (CONCORD_MODEL_ENABLED=false); KG only"
elif [ -z "$model_dir" ]; then
  echo "concord: model = the demo model in $data_dir/models/demo (trained at the first start if absent)"
elif [ ! -f "$model_dir/config.json" ]; then
  echo "concord: CONCORD_MODEL_DIR=$model_dir has no config.json; expected a Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer.json) mounted into the container" >&2
  exit 1
else
  echo "concord: model = the checkpoint in $model_dir (device ${CONCORD_MODEL_DEVICE:-auto})"
fi

# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /opt/concord/quarkus-run.jar "$@"
