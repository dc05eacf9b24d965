using Platter.Core;

namespace Platter.Storage;

/// <summary>
/// Where a load stands in its file, the same for every store: the last id written, whether the ids
/// have ascended so far (only then can a load resume by id), and after a resume the id up to which
/// the records are already stored.
/// </summary>
internal sealed class LoadPosition(EntityKind entity, long? resumeAfterId)
{
    private RowBatch? _own;
    private bool _pastResumePoint;

    /// <summary>When resuming: records with ids up to this one are already stored.</summary>
    public long? ResumeAfterId { get; } = resumeAfterId;

    /// <summary>The last id written (the resume point before any).</summary>
    public long LastId { get; private set; } = resumeAfterId ?? long.MinValue;

    /// <summary>True while every id was larger than the one before.</summary>
    public bool Ascending { get; private set; } = true;

    /// <summary>The id to save with a commit: the last one, or -1 when the ids did not ascend (no resume by id).</summary>
    public long Saved => Ascending ? LastId : -1L;

    /// <summary>True when a resumed load already holds the record with this id (committed before the interruption).</summary>
    public bool AlreadyStored(long id, long records) =>
        ResumeAfterId is { } resumeAfter && id <= resumeAfter && records > 0 && Ascending && !_pastResumePoint;

    /// <summary>A batch holding just <paramref name="record"/>, reused from call to call.</summary>
    public RowBatch Single(IDiscogsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _own ??= new RowBatch(entity, 4096);
        _own.Clear();
        _own.Add(record);
        return _own;
    }

    /// <summary>
    /// Moves past the record at <paramref name="index"/> of <paramref name="batch"/>; false when a
    /// resumed load already holds it and it must be skipped.
    /// </summary>
    /// <exception cref="ArgumentException">The batch holds another entity.</exception>
    public bool Advance(RowBatch batch, int index, long records, out long id)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Entity != entity)
        {
            throw new ArgumentException($"a batch of {batch.Entity.Name()} cannot be stored with the {entity.Name()}", nameof(batch));
        }

        id = batch.IdAt(index);
        if (AlreadyStored(id, records))
        {
            return false;
        }

        _pastResumePoint = true;
        if (id <= LastId)
        {
            Ascending = false;
        }

        LastId = id;
        return true;
    }
}
