#!/usr/bin/env python3
# Why paired mode decides a significant row at the last look only (harness/README.md, "Paired
# mode", step 4): a simulation of A/A gates with the p-value part of the paired rule. Run:
#   python3 tests/quality/sequential_looks.py   (about 10 s; prints both family-wise error rates)
# Under the null: 30 rows, block log-ratios from a heavy-tailed mix (sd 3 %, 20 % of blocks +-30 %),
# looks at 12,14,...,20 blocks; exact one-sided signed-rank p (no ties) and Holm over 30 rows.
import random, itertools, functools
@functools.lru_cache(None)
def dist(n):
    # counts of T+ over all sign patterns, via DP
    c=[1]+[0]*(n*(n+1)//2)
    for k in range(1,n+1):
        for t in range(len(c)-1,k-1,-1): c[t]+=c[t-k]
    return c
def p_greater(d):
    n=len(d); r=sorted(range(n),key=lambda i:abs(d[i]))
    tp=sum(k+1 for k,i in enumerate(r) if d[i]>0)
    c=dist(n); return sum(c[tp:])/2**n
def holm_reject(ps,alpha=0.05):
    order=sorted(range(len(ps)),key=lambda i:ps[i]); rej=set(); m=len(ps)
    for k,i in enumerate(order):
        if ps[i]<alpha/(m-k): rej.add(i)
        else: break
    return rej
random.seed(1)
def block():
    x=random.gauss(0,0.03)
    if random.random()<0.2: x+=random.choice((-1,1))*0.3
    return x
looks=[12,14,16,18,20]; G=4000; fw_seq=fw_last=0; rows_seq=rows_last=0
for g in range(G):
    data=[[block() for _ in range(20)] for _ in range(30)]
    stopped=set()
    for L in looks:
        ps=[p_greater(d[:L]) for d in data]
        rej=holm_reject(ps)
        stopped|=rej
    last=holm_reject([p_greater(d) for d in data])
    fw_seq+=bool(stopped); fw_last+=bool(last); rows_seq+=len(stopped); rows_last+=len(last)
print("gates %d: FWER stop-at-first-significant-look %.2f %%, last look only %.2f %%; rows %d vs %d of %d"%(G,100*fw_seq/G,100*fw_last/G,rows_seq,rows_last,30*G))
