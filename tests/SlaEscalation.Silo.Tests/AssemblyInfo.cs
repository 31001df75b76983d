// The cluster tests start silo processes and time reminders on a two-core machine: running them one at a time
// keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
