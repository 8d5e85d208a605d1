# Sluice real-time job "orders-enrich", version 7. Generated: edit the job, not this file.
# Tables, python record steps and INSERTs are in sluice_plan.json, run by sluice_runtime.flink_driver;
# pyflink steps are spliced in below as written, in the order of the job graph.
from pyflink.common import Row  # noqa: F401 - offered to pyflink steps, as the SREWorks template did
from pyflink.common.typeinfo import Types  # noqa: F401
from pyflink.datastream import StreamExecutionEnvironment  # noqa: F401
from pyflink.table import StreamTableEnvironment  # noqa: F401
from pyflink.table.expressions import col  # noqa: F401

from sluice_runtime.flink_driver import JobDriver

sluice = JobDriver.from_script(__file__)
env, t_env = sluice.env, sluice.t_env
sluice.create_tables()
sluice.build_record_steps()
sluice.begin_fragments()

sluice.execute()
