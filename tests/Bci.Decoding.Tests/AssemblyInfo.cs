// libtorch's default random generator is process-wide: tests that build modules (weight initialisation) or draw
// random tensors would change each other's draws if they ran at once, and the seed-reproducibility test would
// see it. The tests of this assembly therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
