// Each test starts or builds a whole AppHost, and the AppHost edits its own process environment (it takes the
// ambient secrets out before starting anything): one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
