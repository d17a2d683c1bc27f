namespace TfInit;

/// <summary>
/// How many threads TfInit's large fills and its QR may use, process-wide. Values never depend on it: every chunk of a
/// fill is a pure function of (seed, position), so 1 thread and all cores give the same bits.
/// </summary>
public static class Parallelism
{
    private static int _maxDegree = -1;

    /// <summary>
    /// The most threads one fill uses: -1 (the default) for all cores, 1 to stay on the calling thread (for example
    /// beside a training loop that already keeps every core busy), or any count in between.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is 0 or below -1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => Volatile.Read(ref _maxDegree);
        set
        {
            if (value is 0 or < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value,
                    "MaxDegreeOfParallelism must be -1 (all cores) or a thread count of at least 1.");
            }

            Volatile.Write(ref _maxDegree, value);
        }
    }

    /// <summary>The options every Parallel.For of the library runs with.</summary>
    internal static ParallelOptions Options => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
}
