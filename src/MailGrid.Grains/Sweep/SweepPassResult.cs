namespace MailGrid.Grains.Sweep;

/// <summary>What one pass of <see cref="StorageSweeper"/> did.</summary>
/// <param name="UploadsRemoved">Temp files or staged uploads a crash left, removed.</param>
/// <param name="RecordsExpired">Final records past retention, deleted.</param>
/// <param name="BlobsChecked">Blobs listed and looked at.</param>
/// <param name="BlobsRemoved">Body blobs that neither a record nor a mailbox entry referred to, deleted by this pass.</param>
/// <param name="BlobListingCompleted">The blob listing reached its end; the next pass starts from the beginning.</param>
/// <param name="Failed">A step failed (storage or cluster unavailable); the next pass tries again.</param>
public sealed record SweepPassResult(int UploadsRemoved, int RecordsExpired, int BlobsChecked, int BlobsRemoved, bool BlobListingCompleted, bool Failed);
