using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace MailGrid.Delivery.Tests.Infrastructure;

/// <summary>
/// A real DNS server (ARSoft.Tools.Net) on 127.0.0.1 over UDP, answering from zone data the test sets:
/// MX, A, AAAA records, NXDOMAIN for unknown names (with an SOA for negative caching), SERVFAIL on demand.
/// </summary>
public sealed class LoopbackDnsServer : IDisposable
{
    private readonly ConcurrentDictionary<(string Name, RecordType Type), List<DnsRecordBase>> _records = new();
    private readonly ConcurrentDictionary<string, bool> _existing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly DnsServer _server;
    private int _queries;

    private LoopbackDnsServer(int port)
    {
        Port = port;
        _server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, port)));
        _server.QueryReceived += OnQueryAsync;
        _server.Start();
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", the value for <c>MailGrid:Delivery:Dns:Servers:0</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Questions answered so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>TTL given to records added from now on. Default 300 s.</summary>
    public int Ttl { get; set; } = 300;

    public static LoopbackDnsServer Start() => new(FreeUdpPort());

    public LoopbackDnsServer Mx(string domain, ushort preference, string exchange)
        => Add(domain, new MxRecord(DomainName.Parse(domain), Ttl, preference, exchange == "." ? DomainName.Root : DomainName.Parse(exchange)));

    public LoopbackDnsServer A(string host, string address)
        => Add(host, new ARecord(DomainName.Parse(host), Ttl, IPAddress.Parse(address)));

    public LoopbackDnsServer Aaaa(string host, string address)
        => Add(host, new AaaaRecord(DomainName.Parse(host), Ttl, IPAddress.Parse(address)));

    /// <summary>The name exists (NOERROR) even without records of a type: no NXDOMAIN.</summary>
    public LoopbackDnsServer Exists(string name)
    {
        _existing[name] = true;
        return this;
    }

    /// <summary>Every question about <paramref name="name"/> gets SERVFAIL.</summary>
    public LoopbackDnsServer Fail(string name)
    {
        _failing[name] = true;
        return this;
    }

    public void Dispose()
    {
        try
        {
            _server.Stop();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // Stop cancels the receive loop and reports it; the server is stopped all the same.
        }
    }

    private LoopbackDnsServer Add(string name, DnsRecordBase record)
    {
        _existing[name] = true;
        _records.GetOrAdd((name.ToLowerInvariant(), record.RecordType), _ => []).Add(record);
        return this;
    }

    private Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        Interlocked.Increment(ref _queries);
        if (e.Query is not DnsMessage query || query.Questions.Count != 1)
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.');
        if (_failing.ContainsKey(name))
        {
            response.ReturnCode = ReturnCode.ServerFailure;
        }
        else if (_records.TryGetValue((name.ToLowerInvariant(), question.RecordType), out var records))
        {
            response.AnswerRecords.AddRange(records);
        }
        else
        {
            response.ReturnCode = _existing.ContainsKey(name) ? ReturnCode.NoError : ReturnCode.NxDomain;
            // RFC 2308: the SOA in the authority section bounds negative caching (MINIMUM 60 s here).
            response.AuthorityRecords.Add(new SoaRecord(DomainName.Parse("test"), 60, DomainName.Parse("ns.test"), DomainName.Parse("hostmaster.test"), 1, 3600, 600, 86400, 60));
        }

        response.IsAuthoritiveAnswer = true;
        e.Response = response;
        return Task.CompletedTask;
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
