/** Instance pools: inline, lazy, static and adaptive, with bounded queues and idle reclaim. */
package ai.wippy.pool;
