namespace TfInit.Random;

/// <summary>Sees the values of each chunk of a Philox fill as they are written (see <see cref="PhiloxKernels{TDouble, TBits, W}"/>).</summary>
internal interface IChunkWatcher
{
    /// <summary>
    /// Elements [element + offset, element + offset + count) were written; <paramref name="chunk"/> holds all the chunk's
    /// values, from <paramref name="element"/> (a multiple of the chunk size, at most 16) on.
    /// </summary>
    /// <param name="element">The index of the chunk's first element.</param>
    /// <param name="chunk">The chunk's values.</param>
    /// <param name="offset">The first element written.</param>
    /// <param name="count">How many were written.</param>
    void See(long element, ReadOnlySpan<double> chunk, int offset, int count);
}
