/**
 * Tiles and stages: how a network runs on a scan too large for one task, exactly. Pure Java, no
 * Spark; the Spark job and the tests call the same classes.
 *
 * <p><b>Single-stage plans</b> (networks of local ops)
 *
 * <ul>
 *   <li>{@link org.voxtile.tiling.TilePlanner}: cuts the outputs into aligned tiles within a memory budget.
 *   <li>{@link org.voxtile.tiling.TileAlignment}: the grid tiles align to (the coarsest voxel of any live node).
 *   <li>{@link org.voxtile.tiling.TilePlan}, {@link org.voxtile.tiling.Tile}: the tiles and their cost.
 *   <li>{@code GridTiles}, {@code GridTotals}: a plan's tiles as its grid, made on demand, and its totals
 *       from one probe per grid cell along each axis (plans of 10^7 tiles in a small heap).
 *   <li>{@link org.voxtile.tiling.CapacityModel}: tasks, waves, bytes and time of a plan on a cluster.
 *   <li>{@link org.voxtile.tiling.TileRunner}: computes one tile from its halo (maps it does not compute
 *       may be read from a {@link org.voxtile.tiling.Scratch}).
 *   <li>{@link org.voxtile.tiling.Regions}, {@link org.voxtile.tiling.ReceptiveField}: region maps composed
 *       through the DAG; receptive fields, strides, halos.
 *   <li>{@link org.voxtile.tiling.InputSource}: where a tile's input voxels come from.
 *   <li>{@link org.voxtile.tiling.WarmUp}: compiles the kernels before the first real tile.
 * </ul>
 *
 * <p><b>Staged plans</b> (networks with global ops: instance/group norm, normalize)
 *
 * <ul>
 *   <li>{@link org.voxtile.tiling.StagedPlanner}: cuts the DAG at every global node, chooses recompute or
 *       materialise per cut with its cost model.
 *   <li>{@link org.voxtile.tiling.StagedPlan}, {@link org.voxtile.tiling.Stage}: the stages, their tiles,
 *       scratch maps and predicted cost.
 *   <li>{@link org.voxtile.tiling.StagingOptions}, {@link org.voxtile.tiling.CutChoice}: memory, scratch
 *       budget, forced choices, fixed tiles.
 *   <li>{@link org.voxtile.tiling.StageTask}: one stage's work on one tile (partials, scratch writes, outputs).
 *   <li>{@link org.voxtile.tiling.StagedRunner}: runs all stages in one JVM; binds merged statistics.
 *   <li>{@link org.voxtile.tiling.Scratch}, {@link org.voxtile.tiling.InMemoryScratch}: materialised maps.
 *   <li>{@code StatisticsInput}, {@code StandIn} (package-private): a stage's stacked statistic input and
 *       an unbound global node's planning stand-in.
 * </ul>
 *
 * <p><b>Sliding windows</b> (MONAI's sliding-window inference; on Spark: {@code spark.WindowTask}, {@code spark.stitch.WindowBlender})
 *
 * <ul>
 *   <li>{@link org.voxtile.tiling.SlidingWindows}: the windows of a scan by MONAI's rules, in its order.
 *   <li>{@link org.voxtile.tiling.ImportanceMap}: MONAI's blending weights (constant, Gaussian).
 *   <li>{@link org.voxtile.tiling.SlidingWindowRunner}: the whole sliding-window run in one JVM, and its
 *       parts a distributed run uses: one window's weighted outputs, the blend's addition and division.
 * </ul>
 *
 * <p><b>Description</b>: {@link org.voxtile.tiling.Description}, what {@code describe} shows, stages included.
 */
package org.voxtile.tiling;
