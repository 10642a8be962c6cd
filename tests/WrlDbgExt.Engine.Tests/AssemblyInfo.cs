// Every fake keeps its own state (reached through the native object), so tests may run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
