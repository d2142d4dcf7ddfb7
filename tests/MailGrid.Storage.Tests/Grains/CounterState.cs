namespace MailGrid.Storage.Tests.Grains;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }
}
