using System.Numerics;

namespace TfInit.Random;

/// <summary>Sees the values of each chunk of a Philox fill as they are written (see <see cref="PhiloxKernels{TDouble, TBits, W}"/>).</summary>
internal interface IChunkWatcher
{
    /// <summary>
    /// The double layout: elements [element + offset, element + offset + count) were written; <paramref name="chunk"/>
    /// holds all the chunk's values, from <paramref name="element"/> (a multiple of the chunk size, at most 32) on.
    /// </summary>
    /// <param name="element">The index of the chunk's first element.</param>
    /// <param name="chunk">The chunk's values.</param>
    /// <param name="offset">The first element written.</param>
    /// <param name="count">How many were written.</param>
    void See(long element, ReadOnlySpan<double> chunk, int offset, int count);

    /// <summary>
    /// The float layout: the lanes of <paramref name="values"/>, float values about to be widened into a chunk, that the
    /// watcher marks (bit l for lane l). The float layout asks this instead of reading the chunk's doubles back.
    /// </summary>
    /// <param name="values">Values of one chunk, before widening.</param>
    /// <returns>The marks of the lanes.</returns>
    uint Marks(Vector<float> values);

    /// <summary>
    /// The float layout: elements [element + offset, element + offset + count) were written, and bit b of
    /// <paramref name="marks"/> is <see cref="Marks"/>' answer for element element + b.
    /// </summary>
    /// <param name="element">The index of the chunk's first element.</param>
    /// <param name="marks">The chunk's marks.</param>
    /// <param name="offset">The first element written.</param>
    /// <param name="count">How many were written.</param>
    void See(long element, ulong marks, int offset, int count);
}
