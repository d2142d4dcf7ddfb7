using MailGrid.LoadGenerator;

// send: drive SMTP load and write what was accepted; verify: check every accepted message is in its mailbox.
return args switch
{
    ["send", .. var rest] => await SendCommand.RunAsync(LoadArguments.Parse(rest)),
    ["verify", .. var rest] => await VerifyCommand.RunAsync(LoadArguments.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          MailGrid.LoadGenerator send --target 127.0.0.1:2525 [--target HOST:PORT ...] [--seconds 20] [--max-messages 5000]
                                      [--connections 8] [--per-connection 20] [--mailboxes 20] [--prefix user] [--domain example.test]
                                      [--size 2048] [--accepted accepted.tsv]
          MailGrid.LoadGenerator verify --api http://127.0.0.1:8080 --accepted accepted.tsv [--timeout-seconds 60]
        """);
    return 2;
}
