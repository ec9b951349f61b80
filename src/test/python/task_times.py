#!/usr/bin/python3
"""Per-task times of a Spark event log, for jobs/bench.sh warm.

    /usr/bin/python3 src/test/python/task_times.py LABEL EVENT_LOG   (uncompressed, one file)

For the stage with the most tasks (the tiles): per executor, its first task's executor run time
against the median of its later ones, in seconds.
"""
import collections
import json
import statistics
import sys

label, path = sys.argv[1], sys.argv[2]
tasks = collections.defaultdict(list)  # stage -> [(executor, launch ms, run ms)]
with open(path) as f:
    for line in f:
        e = json.loads(line)
        if e.get('Event') == 'SparkListenerTaskEnd' and e.get('Task End Reason', {}).get('Reason') == 'Success':
            info = e['Task Info']
            tasks[e['Stage ID']].append((info['Executor ID'], info['Launch Time'], e['Task Metrics']['Executor Run Time']))
stage = max(tasks, key=lambda s: len(tasks[s]))
by_executor = collections.defaultdict(list)
for executor, launch, run in sorted(tasks[stage], key=lambda t: t[1]):
    by_executor[executor].append(run / 1000)
for executor, runs in sorted(by_executor.items()):
    later = statistics.median(runs[1:]) if len(runs) > 1 else float('nan')
    print('%s executor=%s tasks=%d first_task_s=%.2f later_median_s=%.2f ratio=%.2f' % (
        label, executor, len(runs), runs[0], later, runs[0] / later))
